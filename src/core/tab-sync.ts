/**
 * Tells the site's other open tabs that the decision changed, and runs `onChange` in those tabs
 * with the new consent cookie value: it travels with the message, as the receiving tab's own
 * view of the cookies may not have caught up yet (and cookies may be disabled). Every browser
 * that runs Témoin has BroadcastChannel (its floor, Safari 16.4 for constructed stylesheets, is above it).
 * Returns the function that announces a change made here.
 */
export function syncTabs(channelName: string, onChange: (value: string) => void): (value: string) => void {
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (message: MessageEvent<string>) => {
    onChange(message.data);
  };
  return (value) => {
    channel.postMessage(value);
  };
}
