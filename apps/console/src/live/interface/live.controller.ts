import {
  Controller,
  Get,
  Inject,
  Req,
  Res,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { LiveHub } from '@apps/console/src/live/application/live-hub';
import type { LiveNotice } from '@apps/console/src/live/domain/live-notice';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import { isSignedIn } from '@apps/console/src/session/interface/console-session';

/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 20_000;

const frame = (event: string, data: unknown, id?: string): string =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * `GET /live`: server-sent events for the signed-in browser (the session cookie; no token in the
 * URL). `ready` once it listens, then a `notice` for every change in its user's scope. The stream
 * ends when the session does (checked with every keep-alive) or the console shuts down.
 */
@Controller('live')
export class LiveController implements BeforeApplicationShutdown {
  private readonly open = new Set<Response>();

  constructor(@Inject(LiveHub) private readonly hub: LiveHub | null) {}

  @Get()
  stream(@Req() request: Request, @Res() response: Response): void {
    if (!isSignedIn(request)) {
      throw new ConsoleError(ConsoleErrorCode.NotSignedIn, 'sign in to receive live updates');
    }
    if (!this.hub) {
      throw new ConsoleError(ConsoleErrorCode.LiveUpdatesOff, 'this console has no live updates');
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    this.open.add(response);
    const leave = this.hub.join(request.session.user, (notice: LiveNotice) =>
      response.write(frame('notice', notice, notice.id)),
    );
    response.write(`retry: 5000\n${frame('ready', { userId: request.session.user.userId })}`);
    const sessionId = request.sessionID;
    const keepAlive = setInterval(() => {
      request.sessionStore.get(sessionId, (error, session) => {
        if (error || !session?.user) response.end();
        else response.write(': keep-alive\n\n');
      });
    }, KEEP_ALIVE_MS);
    response.on('close', () => {
      clearInterval(keepAlive);
      leave();
      this.open.delete(response);
    });
  }

  beforeApplicationShutdown(): void {
    for (const response of this.open) response.end();
  }
}
