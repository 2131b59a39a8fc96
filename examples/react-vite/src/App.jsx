import { useEffect } from 'react';
import { Consent, ConsentScript, useConsent } from 'temoin/react';

/** Counts a page view once the visitor allows measurement (the analytics script reads the queue). */
function usePageView() {
  const consent = useConsent();
  const measuring = consent.isAllowed('performance');
  useEffect(() => {
    if (measuring) (window.analyticsQueue ??= []).push(['pageview', location.pathname]);
  }, [measuring]);
}

/** Stands in for the video, in the video's box, until the visitor allows third-party content. */
function VideoPlaceholder() {
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

export function App() {
  const consent = useConsent();
  usePageView();
  return (
    <main>
      <h1>Café Témoin</h1>
      <p>Our espresso bar, on video:</p>
      <Consent category="third-party" fallback={<VideoPlaceholder />}>
        <iframe
          className="video"
          id="video"
          src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
          title="A tour of the espresso bar"
          allow="encrypted-media; picture-in-picture"
        />
      </Consent>
      <p id="after-video">Open every day from 8 to 18.</p>
      <ConsentScript category="performance" src="https://analytics.example.com/script.js" data-site="cafe-temoin" />
      <footer>
        <button type="button" id="cookie-settings" onClick={consent.showPreferences} disabled={!consent.ready}>
          Cookie settings
        </button>
      </footer>
      <style>{'.video { display: block; width: 560px; max-width: 100%; height: 315px; border: 0; margin: 0; }'}</style>
    </main>
  );
}
