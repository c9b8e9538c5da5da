import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { notificationsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json } from './shared/http';

/** GET /notifications: the signed-in citizen's notifications about their claims, newest first (at most 50). */
export const listNotifications = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.ListNotifications.roles);
  return json(200, notificationsView(await deps('claims').notificationsOf(caller.sub)));
});

export const handler = listNotifications;
