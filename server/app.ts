import express, { type Express, type RequestHandler } from 'express';
import type { AppDeps } from './deps.js';
import { consoleRouter } from './http/console.js';
import { BODY_LIMIT, mountRoutes, type Route } from './http/route.js';
import { accessCheck } from './middlewares/auth.js';
import { errorHandler, notFoundHandler } from './middlewares/errors.js';
import { agentApiRoutes } from './routes/agentApi/index.js';
import { agentDownloadRoutes } from './routes/agentDownload/index.js';
import { auditRoutes } from './routes/audit/index.js';
import { authRoutes } from './routes/auth/index.js';
import { deviceRoutes } from './routes/devices/index.js';
import { deviceUserRoutes } from './routes/deviceUsers/index.js';
import { enrollmentRoutes } from './routes/enrollment/index.js';
import { sessionRoutes } from './routes/sessions/index.js';
import { slaRoutes } from './routes/sla/index.js';
import { faqRoutes } from './routes/faq/index.js';
import { systemRoutes } from './routes/system/index.js';
import { ticketRoutes } from './routes/tickets/index.js';
import { liveRoutes } from './routes/live/index.js';
import { peopleRoutes } from './routes/people/index.js';
import { cannedReplyRoutes } from './routes/canned/index.js';
import { ticketCategoryRoutes } from './routes/categories/index.js';
import { savedFilterRoutes } from './routes/savedFilters/index.js';
import { alertRoutes } from './routes/alerts/index.js';
import { scriptRoutes } from './routes/scripts/index.js';
import { jobRoutes } from './routes/jobs/index.js';
import { fileRoutes } from './routes/files/index.js';
import { dashboardRoutes } from './routes/dashboard/index.js';
import { userRoutes } from './routes/users/index.js';
import { twoFactorRoutes } from './routes/twoFactor/index.js';
import { mailRoutes } from './routes/mail/index.js';

/** REST bodies are small; inventory documents travel over the agent socket, not here. */

function httpMetrics(deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const stop = deps.metrics.httpSeconds.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL, keeps the label set bounded.
      const routePath = (res.locals.routePath as string | undefined) ?? 'unmatched';
      stop({ method: req.method, route: routePath, status: String(res.statusCode) });
    });
    next();
  };
}

export function createApp(deps: AppDeps): { app: Express; routes: readonly Route[] } {
  const routes: Route[] = [];
  routes.push(
    ...systemRoutes(deps, () => routes),
    ...authRoutes(deps),
    ...userRoutes(deps),
    ...twoFactorRoutes(deps),
    ...peopleRoutes(deps),
    ...enrollmentRoutes(deps),
    ...deviceRoutes(deps),
    ...deviceUserRoutes(deps),
    // Before the tickets' own: /api/v1/tickets/attention is not a ticket number.
    ...liveRoutes(deps),
    ...ticketRoutes(deps),
    ...cannedReplyRoutes(deps),
    ...ticketCategoryRoutes(deps),
    ...savedFilterRoutes(deps),
    ...alertRoutes(deps),
    ...scriptRoutes(deps),
    ...jobRoutes(deps),
    ...fileRoutes(deps),
    ...dashboardRoutes(deps),
    ...sessionRoutes(deps),
    ...slaRoutes(deps),
    ...faqRoutes(deps),
    ...agentApiRoutes(deps),
    ...agentDownloadRoutes(deps),
    ...auditRoutes(deps),
    ...mailRoutes(deps),
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(httpMetrics(deps));
  app.use((_req, res, next) => {
    // No reply is to be reinterpreted by a browser as another type (a JSON error as HTML).
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Each route reads its own body (an upload takes more than the rest); a request no route
  // matches has its body read here before the 404, for the reason given in http/route.ts.
  const router = express.Router();
  mountRoutes(router, routes, { access: accessCheck(deps) });
  app.use(router);
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  app.use(consoleRouter());
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return { app, routes };
}
