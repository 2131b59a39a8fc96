import { Component } from 'preact';
import { Banner } from './Banner';
import { Preferences } from './Preferences';
import { translator } from './i18n';
import type { Controller } from '../core/controller';

interface Props {
  controller: Controller;
}

/**
 * Renders whatever the controller's state asks for; all decisions go through the controller.
 * (Class components: Preact's hooks would add a kilobyte to every first visit.)
 */
export class App extends Component<Props, { status: string }> {
  override state = { status: '' };

  override componentDidMount() {
    const { controller } = this.props;
    controller.subscribe('view', () => {
      this.forceUpdate();
    });
    controller.subscribe('consent', () => {
      this.setState({ status: translator(controller.config, controller.language)('preferences.saved') });
    });
  }

  override render({ controller }: Props, { status }: { status: string }) {
    const { view, language } = controller;
    const t = translator(controller.config, language);
    return (
      <div class="root" lang={language}>
        {(view === 'banner' || (view === 'preferences' && !controller.getRecord())) && (
          // Behind the dialog opened from it, the banner stays: the modal dialog makes it inert.
          <Banner controller={controller} t={t} />
        )}
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
}
