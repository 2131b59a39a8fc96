'use client';
import { useEffect } from 'react';
import { useConsent } from 'temoin/react';

/** Stands in for the video, in the video's box, until the visitor allows third-party content. */
export function VideoPlaceholder() {
  const consent = useConsent();
  return (
    <div className="video" id="video-placeholder">
      <p>This video is hosted by YouTube, which may set cookies.</p>
      <button type="button" onClick={() => consent.accept([...(consent.record?.granted ?? []), 'third-party'])}>
        Allow YouTube videos
      </button>
    </div>
  );
}

/** Counts a page view once the visitor allows measurement (the analytics script reads the queue). */
export function PageView() {
  const measuring = useConsent().isAllowed('performance');
  useEffect(() => {
    if (measuring) (window.analyticsQueue ??= []).push(['pageview', location.pathname]);
  }, [measuring]);
  return null;
}

export function CookieSettings() {
  const consent = useConsent();
  return (
    <button type="button" id="cookie-settings" onClick={consent.showPreferences} disabled={!consent.ready}>
      Cookie settings
    </button>
  );
}
