import { mapErrorCodes } from '@crm/platform';
import { ProjectionError, ProjectionErrorCode } from './projection.errors';

export const projectionErrorMapping = mapErrorCodes(ProjectionError, {
  [ProjectionErrorCode.ProjectionNotFound]: { status: 404, title: 'Projection not found' },
});
