/**
 * Tells the site's other open tabs that the decision changed, and runs `onChange` in those tabs
 * with the new consent cookie value. BroadcastChannel where it exists (the value travels with
 * the message: the receiving tab's own view of the cookies may not have caught up yet);
 * elsewhere each tab watches the cookies once a second and `onChange` gets no value.
 * Returns the function that announces a change made here.
 */
export function syncTabs(channelName: string, onChange: (value?: string) => void): (value: string) => void {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(channelName);
    channel.onmessage = (message: MessageEvent<string>) => {
      onChange(message.data);
    };
    return (value) => {
      channel.postMessage(value);
    };
  }
  let last = document.cookie;
  setInterval(() => {
    if (document.cookie !== last) {
      last = document.cookie;
      onChange();
    }
  }, 1000);
  return () => (last = document.cookie);
}
