import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/**
 * Swagger UI at /docs over the generated document (openapi.plugin.ts). Its pages get a CSP of their
 * own: scripts, styles and the spec only from this origin, images also as data: URLs (the logo);
 * nothing may frame them. The API's own answers keep the stricter `default-src 'none'`.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const docsPlugin = fp(
  async (app) => {
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: DOCS_CSP,
      theme: { title: 'Omotenashi Connect API / おもてなしコネクト API' },
      uiConfig: {
        // No top bar: its URL box would load any document, and its logo is an inline <style> the CSP refuses.
        layout: 'BaseLayout',
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayOperationId: true,
        displayRequestDuration: true,
        persistAuthorization: false,
        tryItOutEnabled: false,
        validatorUrl: null,
      },
    });
  },
  { name: 'docs', dependencies: ['openapi'] },
);
