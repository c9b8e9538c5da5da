import { API_ROUTES } from './api-routes';
import { notificationsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/** GET /notifications: the signed-in citizen's notifications about their claims, newest first (at most 50). */
export const listNotifications = routeHandler(API_ROUTES.ListNotifications, async ({ caller }) => {
  return json(200, notificationsView(await deps('claims').notificationsOf(caller.sub)));
});

export const handler = listNotifications;
