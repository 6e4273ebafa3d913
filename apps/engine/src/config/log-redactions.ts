/** Body and query fields that hold a secret, wherever they appear. */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'secret', 'token', 'accessToken', 'refreshToken', 'apiKey', 'signature', 'passwordHash', 'secretHash'];

/**
 * What pino writes as "[redacted]": credentials in request and response
 * headers, and secret fields of bodies and queries logged with a request or
 * an error (one and two levels deep).
 */
export const LOG_REDACTIONS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["x-baton-signature"]',
  'res.headers["set-cookie"]',
  ...['req.body', 'req.query', 'body', 'err.body', 'err.config.data'].flatMap((at) => SECRET_FIELDS.flatMap((f) => [`${at}.${f}`, `${at}.*.${f}`])),
  ...SECRET_FIELDS.map((f) => `*.${f}`),
];
