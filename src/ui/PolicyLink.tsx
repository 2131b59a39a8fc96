import { safeUrl, type Translate } from './i18n';

export function PolicyLink({ url, t }: { url: string; t: Translate }) {
  const href = safeUrl(url);
  return href ? (
    <a class="link" href={href}>
      {t('banner.policy')}
    </a>
  ) : null;
}
