import { Consent, ConsentScript } from 'temoin/react';
import { CookieSettings, PageView, VideoPlaceholder } from './controls.jsx';

export default function Home() {
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
      <PageView />
      <footer>
        <CookieSettings />
      </footer>
      <style>{'.video { display: block; width: 560px; max-width: 100%; height: 315px; border: 0; margin: 0; }'}</style>
    </main>
  );
}
