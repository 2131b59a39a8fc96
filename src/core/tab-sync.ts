import { stored } from './repository';

/**
 * Tells the site's other open tabs that the decision changed, and runs `onChange` in those tabs
 * with the new consent cookie value ('' once forgotten): it travels with the message, as the
 * receiving tab's own view of the cookies may not have caught up yet. The message is a localStorage
 * key written and removed at once: the browser tells every other tab of the origin with a
 * `storage` event, so a tab that only listens pays no more than registering for it, once the page
 * is left (ADR 0062, 0064).
 */
export interface TabSync {
  /** Tells the other tabs the cookie value of a decision made here ('' once forgotten). */
  announce: (value: string) => void;
  stop: () => void;
}

export function syncTabs(key: string, onChange: (value: unknown) => void): TabSync {
  // Whatever arrives is passed on as it came (another script may write the key): the receiver decides what counts.
  const heard = (event: StorageEvent) => {
    if (event.key === key && event.newValue !== null) onChange(event.newValue);
  };
  addEventListener('storage', heard);
  return {
    announce: (value) => {
      stored(key, value);
      stored(key, null);
    },
    stop: () => {
      removeEventListener('storage', heard);
    },
  };
}
