/**
 * Tells the site's other open tabs that the decision changed. BroadcastChannel where it exists;
 * elsewhere each tab watches the consent cookie once a second.
 */
export function syncTabs(channelName: string, read: () => string, onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(channelName);
    channel.onmessage = onChange;
    return () => {
      channel.postMessage(1);
    };
  }
  let last = read();
  setInterval(() => {
    const now = read();
    if (now !== last) {
      last = now;
      onChange();
    }
  }, 1000);
  return () => (last = read());
}
