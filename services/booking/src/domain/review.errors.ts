import { AppError } from '@omotenashi/errors';

export const ReviewErrors = {
  notFound: () => new AppError('REVIEW.NOT_FOUND', 'Review was not found', { kind: 'not_found' }),
  /** Deliberately the answer for a missing booking, another business's, a wrong token and someone else's booking. */
  bookingNotFound: () => new AppError('BOOKING.NOT_FOUND', 'Booking was not found', { kind: 'not_found' }),
  bookingNotCompleted: (status: string) =>
    new AppError('REVIEW.BOOKING_NOT_COMPLETED', `Only a completed visit can be reviewed (this booking is ${status.replace('_', ' ')})`, {
      kind: 'unprocessable',
    }),
  alreadyReviewed: () => new AppError('REVIEW.ALREADY_REVIEWED', 'This booking has already been reviewed', { kind: 'conflict' }),
};
