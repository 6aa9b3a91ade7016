import { AppError } from '@omotenashi/errors';

const unauthenticated = (code: string, message: string) => () => new AppError(code, message, { kind: 'unauthenticated' });

/**
 * The identity catalogue. Authentication failures say as little as possible: one message for a wrong
 * email or a wrong password, one for every unusable refresh token. Businesses the caller may not see are
 * COMMON.NOT_FOUND, exactly like businesses that don't exist (never a 403 that confirms they do).
 */
export const IdentityErrors = {
  credentialsMissing: unauthenticated('IDENTITY.UNAUTHENTICATED', 'Sign in (Authorization: Bearer <access token>) or send an API key'),
  malformedAuthorization: unauthenticated('IDENTITY.INVALID_AUTHORIZATION', 'The Authorization header must be "Bearer <token>"'),
  invalidToken: unauthenticated('IDENTITY.INVALID_TOKEN', 'The access token is invalid or its session has ended'),
  tokenExpired: unauthenticated('IDENTITY.TOKEN_EXPIRED', 'The access token has expired; refresh it'),
  invalidApiKey: unauthenticated('IDENTITY.INVALID_API_KEY', 'The API key is invalid or has been revoked'),
  invalidCredentials: unauthenticated('IDENTITY.INVALID_CREDENTIALS', 'The email or password is incorrect'),
  invalidRefreshToken: unauthenticated('IDENTITY.INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used'),

  businessNotFound: () => new AppError('COMMON.NOT_FOUND', 'Business was not found', { kind: 'not_found' }),
  roleTooLow: () =>
    new AppError('IDENTITY.FORBIDDEN', 'Your role in this business does not allow this', { kind: 'permission_denied' }),
  userRequired: () =>
    new AppError('IDENTITY.USER_REQUIRED', 'Only a signed-in person can do this; API keys cannot', { kind: 'permission_denied' }),

  emailTaken: () =>
    new AppError('IDENTITY.EMAIL_TAKEN', 'An account with this email already exists', {
      kind: 'conflict',
      fields: [{ pointer: '/email', detail: 'is already registered' }],
    }),
  noSuchAccount: () =>
    new AppError('IDENTITY.ACCOUNT_NOT_FOUND', 'No account uses this email; ask them to sign up first', {
      kind: 'unprocessable',
      fields: [{ pointer: '/email', detail: 'has no account' }],
    }),
  alreadyMember: () =>
    new AppError('IDENTITY.ALREADY_MEMBER', 'This person is already a member of the business', { kind: 'conflict' }),
  memberNotFound: () => new AppError('IDENTITY.MEMBER_NOT_FOUND', 'Member was not found', { kind: 'not_found' }),
  lastOwner: () =>
    new AppError('IDENTITY.LAST_OWNER', 'A business needs at least one owner; add another owner first', {
      kind: 'failed_precondition',
    }),
  apiKeyNotFound: () => new AppError('IDENTITY.API_KEY_NOT_FOUND', 'API key was not found', { kind: 'not_found' }),
};
