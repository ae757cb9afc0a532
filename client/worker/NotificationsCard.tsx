import { useEffect, useState } from 'react';
import { t } from '../shared/i18n.ts';
import { enableNotifications, keepPushSubscription, pushSupported } from './pushClient.ts';

/**
 * 通知: with notifications allowed, a broadcast reaches this phone with the app closed (Web Push).
 * Asked on the worker's tap; once allowed the phone stays subscribed without asking again.
 */
export function NotificationsCard() {
  const [state, setState] = useState<NotificationPermission | 'unsupported' | 'failed'>(() => (pushSupported() ? Notification.permission : 'unsupported'));
  useEffect(() => {
    if (state === 'granted') keepPushSubscription().catch(() => setState('failed'));
  }, [state]);
  if (state === 'granted' || state === 'unsupported') return null;
  return (
    <section className="worker-card" data-testid="notifications">
      <h2>{t('notificationsTitle')}</h2>
      <p>{state === 'denied' ? t('notificationsDenied') : state === 'failed' ? t('notificationsFailed') : t('notificationsOffer')}</p>
      {state === 'default' && (
        <button type="button" onClick={() => enableNotifications().then(setState, () => setState('failed'))}>
          {t('notificationsEnable')}
        </button>
      )}
    </section>
  );
}
