import express, { type Router } from 'express';
import { CONSOLE_DIR } from '../paths.js';

/**
 * The web console: the static bundle Vite built into dist/console, served under /console/ with
 * a content security policy that allows nothing from elsewhere. `/` leads there.
 */
export function consoleRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => res.redirect(302, '/console/'));
  router.use('/console', (_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.use(
    '/console',
    express.static(CONSOLE_DIR, {
      index: 'index.html',
      maxAge: '1h',
      setHeaders: (res, file) => {
        // The page itself must not be cached: it names the current hashed bundles.
        if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-store');
      },
    }),
  );
  router.get('/console', (_req, res) => res.redirect(301, '/console/'));
  return router;
}
