import { AppError } from '@omotenashi/errors';

export const CustomerErrors = {
  /** Also the answer for another business's customer: a tenant learns nothing about others. */
  notFound: () => new AppError('CUSTOMER.NOT_FOUND', 'Customer was not found', { kind: 'not_found' }),
  emailTaken: () =>
    new AppError('CUSTOMER.EMAIL_TAKEN', 'Another customer of this business already has that email address', {
      kind: 'conflict',
      fields: [{ pointer: '/email', detail: 'belongs to another customer' }],
    }),
};
