import { AppError } from '@omotenashi/errors';

const notFound = (code: string, what: string) => () => new AppError(code, `${what} was not found`, { kind: 'not_found' });

export const CatalogErrors = {
  businessNotFound: notFound('CATALOG.BUSINESS_NOT_FOUND', 'Business'),
  serviceNotFound: notFound('CATALOG.SERVICE_NOT_FOUND', 'Service'),
  resourceNotFound: notFound('CATALOG.RESOURCE_NOT_FOUND', 'Resource'),
  staffNotFound: notFound('CATALOG.STAFF_NOT_FOUND', 'Staff member'),
  closureNotFound: notFound('CATALOG.CLOSURE_NOT_FOUND', 'Closure'),
  slugTaken: (slug: string) =>
    new AppError('CATALOG.SLUG_TAKEN', `The slug "${slug}" is already used by another business`, {
      kind: 'conflict',
      fields: [{ pointer: '/slug', detail: 'is already taken' }],
    }),
  staffTaken: () =>
    new AppError('CATALOG.STAFF_ALREADY_ASSIGNED', 'This person is already on the staff of this business', {
      kind: 'conflict',
      fields: [
        { pointer: '/email', detail: 'is already on the staff' },
        { pointer: '/user_id', detail: 'is already on the staff' },
      ],
    }),
  currencyLocked: (currency: string) =>
    new AppError('CATALOG.CURRENCY_LOCKED', `Services are priced in ${currency}; the currency cannot change while they exist`, {
      kind: 'failed_precondition',
      fields: [{ pointer: '/currency', detail: `cannot change while services are priced in ${currency}` }],
    }),
};
