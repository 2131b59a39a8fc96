/**
 * Tells the site's other open tabs that the decision changed, and runs `onChange` in those tabs
 * with the new consent cookie value: it travels with the message, as the receiving tab's own
 * view of the cookies may not have caught up yet (and cookies may be disabled). Every browser
 * that runs Témoin has BroadcastChannel (its floor, Safari 16.4 for constructed stylesheets, is above it).
 */
export interface TabSync {
  /** Tells the other tabs the cookie value of a decision made here ('' once forgotten). */
  announce: (value: string) => void;
  stop: () => void;
}

export function syncTabs(channelName: string, onChange: (value: unknown) => void): TabSync {
  const channel = new BroadcastChannel(channelName);
  // Whatever arrives is passed on as it came: the receiver decides what counts.
  channel.onmessage = (message: MessageEvent<unknown>) => {
    onChange(message.data);
  };
  return {
    announce: (value) => {
      channel.postMessage(value);
    },
    stop: () => {
      channel.close();
    },
  };
}
