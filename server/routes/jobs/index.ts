import { z } from 'zod';
import { CreateJobRequest, JobDetail, JobListQuery, JobParams, JobView } from '../../../shared/api/jobs.js';
import { cancelJob, runJob } from '../../commands/runJob.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';

/** Scripts and commands run on many PCs: one job, a run per PC. */
export function jobRoutes(deps: AppDeps) {
  const { store } = deps;
  const detail = async (id: number) => (await store.jobs.find(id)) ?? Promise.reject(notFound('job'));
  return [
    route({
      method: 'post',
      path: '/api/v1/jobs',
      summary: 'Runs a library script or a command on PCs (by id or by an inventory filter); PCs whose consent policy asks their person, and offline PCs unless runWhenOnline, are skipped with the reason',
      tag: 'jobs',
      access: 'technician',
      body: CreateJobRequest,
      response: JobDetail,
      status: 201,
      handler: async ({ body, user }) => detail(await runJob(store, user!, body)),
    }),
    route({
      method: 'get',
      path: '/api/v1/jobs',
      summary: 'Jobs, newest first, with their runs counted per state; X-Total-Count gives the total',
      tag: 'jobs',
      access: 'technician',
      query: JobListQuery,
      response: z.array(JobView),
      headers: { 'X-Total-Count': 'How many jobs there are' },
      async handler({ query, res }) {
        const { jobs, total } = await store.jobs.list({ deviceId: query.device, limit: query.limit, offset: query.offset });
        res.setHeader('X-Total-Count', String(total));
        return jobs;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/jobs/:id',
      summary: 'A job with each PC’s run: state, exit code, output (capped), duration',
      tag: 'jobs',
      access: 'technician',
      params: JobParams,
      response: JobDetail,
      handler: ({ params }) => detail(params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/jobs/:id/cancel',
      summary: 'Cancels a job: runs not started are cancelled, running ones are killed on their PC (the whole process tree)',
      tag: 'jobs',
      access: 'technician',
      params: JobParams,
      response: JobDetail,
      handler: async ({ params, user }) => {
        await cancelJob(store, user!, params.id);
        return detail(params.id);
      },
    }),
  ];
}
