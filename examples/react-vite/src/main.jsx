import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TemoinProvider } from 'temoin/react';
import { App } from './App.jsx';
import { consentConfig } from './consent.js';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <TemoinProvider config={consentConfig}>
      <App />
    </TemoinProvider>
  </StrictMode>,
);
