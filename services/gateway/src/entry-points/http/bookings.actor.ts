import { AppError, CommonErrors } from '@omotenashi/errors';
import type { bookingV1 } from '@omotenashi/proto';
import type { FastifyRequest } from 'fastify';
import type { IdempotencyKey } from './bookings.mappers';

/**
 * Who a booking request speaks for. The gateway decides `business` (a member or an API key of the
 * path's business, as authorization found); everyone else is a guest, who proves ownership of one
 * booking with its manage token (`X-Manage-Token`).
 */

export const MANAGE_TOKEN_HEADER = 'x-manage-token';

/**
 * Booking's own answer to a wrong token (BOOKING.MANAGE_TOKEN_INVALID, worded as a missing booking):
 * a guest who sends no token learns exactly what one with a wrong token does, and nothing else.
 */
const manageTokenInvalid = () => new AppError('BOOKING.MANAGE_TOKEN_INVALID', 'Booking was not found', { kind: 'not_found' });

/** The business actor when the caller is a member or an API key of `businessId`, else undefined. */
export function businessActorOf(request: FastifyRequest, businessId: string): bookingV1.Actor | undefined {
  if (request.businessAccess?.businessId !== businessId) return undefined;
  const { caller } = request;
  if (caller.kind === 'user') return { kind: 'business', id: caller.userId, manageToken: '' };
  if (caller.kind === 'api_key') return { kind: 'business', id: caller.apiKeyId, manageToken: '' };
  return undefined;
}

/** On members' routes, where authorization has already admitted only the business's own people and keys. */
export function requireBusinessActor(request: FastifyRequest, businessId: string): bookingV1.Actor {
  const actor = businessActorOf(request, businessId);
  if (!actor) throw CommonErrors.internal(new Error('members route reached without business access'));
  return actor;
}

/** On public routes: the business if the caller is one of its own, else a guest with a token (404 without). */
export function bookingActorOf(request: FastifyRequest, businessId: string): bookingV1.Actor {
  const business = businessActorOf(request, businessId);
  if (business) return business;
  const header = request.headers[MANAGE_TOKEN_HEADER];
  const token = Array.isArray(header) ? '' : (header ?? '').trim();
  if (!token) throw manageTokenInvalid();
  return { kind: 'guest', id: '', manageToken: token };
}

/** Keys belong to their caller: a user, an API key, or for guests their address. */
export function idempotencyOf(request: FastifyRequest): IdempotencyKey {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header.join(',') : (header ?? '');
  const { caller } = request;
  const scope = caller.kind === 'user' ? `user:${caller.userId}` : caller.kind === 'api_key' ? `api_key:${caller.apiKeyId}` : `guest:${request.ip}`;
  return { key, scope };
}
