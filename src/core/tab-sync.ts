/**
 * Tells the site's other open tabs that the decision changed; `onChange` runs in those tabs.
 * BroadcastChannel where it exists; elsewhere each tab watches the cookies once a second.
 * Returns the function that announces a change made here.
 */
export function syncTabs(channelName: string, onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(channelName);
    channel.onmessage = onChange;
    return () => {
      channel.postMessage(1);
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
