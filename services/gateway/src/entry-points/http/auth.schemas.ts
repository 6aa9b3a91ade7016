import { dateTime, noQuery, text, uuid, withProblems } from './common.schemas';

export const LOCALES = ['ja', 'en'] as const;
const email = { type: 'string', format: 'email', maxLength: 254 } as const;
/** NIST 800-63B: at least 10 here; long passphrases welcome, bounded so hashing stays cheap to refuse. */
const password = { type: 'string', minLength: 10, maxLength: 256 } as const;
const refreshToken = { type: 'string', minLength: 1, maxLength: 200, description: 'The omr_… token from the last token answer' } as const;

export const userResponse = {
  $id: 'User',
  title: 'User',
  type: 'object',
  properties: { id: uuid, email: { type: 'string' }, display_name: { type: 'string' }, locale: { type: 'string', enum: LOCALES }, created_at: dateTime },
  required: ['id', 'email', 'display_name', 'locale', 'created_at'],
  additionalProperties: false,
} as const;

export interface UserJson {
  id: string;
  email: string;
  display_name: string;
  locale: 'ja' | 'en';
  created_at: string;
}

const tokenProperties = {
  access_token: { type: 'string', description: 'JWT for Authorization: Bearer' },
  token_type: { type: 'string', enum: ['Bearer'] },
  expires_in: { type: 'integer', description: 'Seconds until the access token expires' },
  refresh_token: { type: 'string', description: 'Single use: each refresh returns a new one; reusing an old one ends the session' },
} as const;
const tokenRequired = ['access_token', 'token_type', 'expires_in', 'refresh_token'] as const;

export const tokenResponse = {
  $id: 'TokenResponse',
  title: 'TokenResponse',
  type: 'object',
  properties: tokenProperties,
  required: tokenRequired,
  additionalProperties: false,
} as const;

export interface TokenJson {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export const signUpBody = {
  $id: 'SignUpBody',
  title: 'SignUpBody',
  type: 'object',
  properties: { email, password, display_name: text(100), locale: { type: 'string', enum: LOCALES, default: 'ja' } },
  required: ['email', 'password', 'display_name'],
  additionalProperties: false,
} as const;

export interface SignUpBody {
  email: string;
  password: string;
  display_name: string;
  locale: 'ja' | 'en';
}

export const signUpResponse = {
  $id: 'SignUpResponse',
  title: 'SignUpResponse',
  type: 'object',
  properties: { user: userResponse, ...tokenProperties },
  required: ['user', ...tokenRequired],
  additionalProperties: false,
} as const;

export const tokenBody = {
  $id: 'TokenBody',
  title: 'TokenBody',
  type: 'object',
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
  required: ['email', 'password'],
  additionalProperties: false,
} as const;

export interface TokenBody {
  email: string;
  password: string;
}

export const refreshBody = {
  $id: 'RefreshBody',
  title: 'RefreshBody',
  type: 'object',
  properties: { refresh_token: refreshToken },
  required: ['refresh_token'],
  additionalProperties: false,
} as const;

export interface RefreshBody {
  refresh_token: string;
}

export const signUpSchema = { querystring: noQuery, body: signUpBody, response: withProblems({ 201: signUpResponse }) };
export const tokenSchema = { querystring: noQuery, body: tokenBody, response: withProblems({ 200: tokenResponse }) };
export const refreshSchema = { querystring: noQuery, body: refreshBody, response: withProblems({ 200: tokenResponse }) };
export const logoutSchema = { querystring: noQuery, response: withProblems({ 204: { type: 'null', description: 'Signed out' } }) };
