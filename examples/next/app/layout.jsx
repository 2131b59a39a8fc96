import { headers } from 'next/headers';
import { TemoinProvider } from 'temoin/react';
import { regionFromHeaders } from 'temoin/server';
import { consentConfig } from './consent.js';

export const metadata = { title: 'Café Témoin (Next.js)' };

export default async function RootLayout({ children }) {
  // The visitor's region from the CDN's headers, for the consent model of `regions` (none: "*").
  const region = regionFromHeaders(await headers()) ?? '';
  return (
    <html lang="en">
      <head>
        <meta name="temoin-region" content={region} />
      </head>
      <body>
        <TemoinProvider config={consentConfig}>{children}</TemoinProvider>
      </body>
    </html>
  );
}
