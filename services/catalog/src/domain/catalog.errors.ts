import { AppError } from '@omotenashi/errors';

export const CatalogErrors = {
  businessNotFound: () => new AppError('CATALOG.BUSINESS_NOT_FOUND', 'Business was not found', { kind: 'not_found' }),
  serviceNotFound: () => new AppError('CATALOG.SERVICE_NOT_FOUND', 'Service was not found', { kind: 'not_found' }),
  slugTaken: (slug: string) =>
    new AppError('CATALOG.SLUG_TAKEN', `The slug "${slug}" is already used by another business`, {
      kind: 'conflict',
      fields: [{ pointer: '/slug', detail: 'is already taken' }],
    }),
};
