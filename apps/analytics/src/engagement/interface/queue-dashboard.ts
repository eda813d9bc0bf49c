import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application, NextFunction, Request, Response } from 'express';
import type { JobQueues } from '@crm/jobs';
import { hasRole, PROBLEM_CONTENT_TYPE, problemType, TokenVerifier } from '@crm/platform';
import {
  ENGAGEMENT_JOB_QUEUES,
  EngagementJobs,
} from '@apps/analytics/src/engagement/application/engagement-jobs';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues for the admin role. It is an Express router outside Nest's routing,
 * so it checks the bearer token itself (same verifier as the global guard): 401 without one,
 * 403 for any role but admin.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    private readonly jobs: EngagementJobs,
    @Inject(ENGAGEMENT_JOB_QUEUES) private readonly queues: JobQueues,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<Application>();
    if (!app) return;
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.jobs.queueNames().map((name) => new BullMQAdapter(this.queues.queue(name))),
      serverAdapter,
    });
    app.use(
      DASHBOARD_PATH,
      (request: Request, response: Response, next: NextFunction) => {
        void this.authorize(request, response, next);
      },
      serverAdapter.getRouter(),
    );
  }

  private async authorize(request: Request, response: Response, next: NextFunction): Promise<void> {
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(request.headers.authorization ?? '');
    const principal = match ? await this.verifier.verify(match[1]!) : undefined;
    if (!principal)
      return refuse(request, response, 401, 'unauthenticated', 'A valid bearer token is required');
    if (!hasRole(principal, 'admin')) {
      return refuse(
        request,
        response,
        403,
        'forbidden',
        'The queue dashboard is for the admin role',
      );
    }
    next();
  }
}

const refuse = (
  request: Request,
  response: Response,
  status: number,
  code: string,
  title: string,
): void => {
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({ type: problemType(code), title, status, instance: request.originalUrl }),
    );
};
