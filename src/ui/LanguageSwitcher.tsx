import { languageName, type Translate } from './i18n';
import type { Controller } from '../core/controller';

/** "English | Français": each name in its own language, the current one pressed. */
export function LanguageSwitcher({ controller, t }: { controller: Controller; t: Translate }) {
  return (
    <div class="languages" role="group" aria-label={t('language')}>
      {controller.languages.map((code) => (
        <button
          type="button"
          key={code}
          lang={code}
          class="language"
          aria-pressed={code === controller.language}
          onClick={() => {
            controller.setLanguage(code);
          }}
        >
          {languageName(controller.config, code)}
        </button>
      ))}
    </div>
  );
}
