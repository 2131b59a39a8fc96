import { useEffect, useReducer, useState } from 'preact/hooks';
import { Banner } from './Banner';
import { Preferences } from './Preferences';
import { translator } from './i18n';
import type { Controller } from '../core/controller';

/** Renders whatever the controller's state asks for; all decisions go through the controller. */
export function App({ controller }: { controller: Controller }) {
  const [, update] = useReducer((n: number) => n + 1, 0);
  const [status, setStatus] = useState('');
  const { view, language } = controller;
  const t = translator(controller.config, language);

  useEffect(() => {
    const offs = [
      controller.subscribe('view', update),
      controller.subscribe('consent', () => {
        setStatus(translator(controller.config, controller.language)('preferences.saved'));
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [controller]);

  const showBanner = view === 'banner' || (view === 'preferences' && !controller.getRecord());
  return (
    <div class="root" lang={language}>
      {showBanner && <Banner controller={controller} t={t} hidden={view !== 'banner'} />}
      {view === 'preferences' && (
        <Preferences
          controller={controller}
          t={t}
          onClosed={() => {
            if (controller.getRecord()) controller.hide();
            else controller.showBanner();
          }}
        />
      )}
      <p class="status" role="status">
        {status}
      </p>
    </div>
  );
}
