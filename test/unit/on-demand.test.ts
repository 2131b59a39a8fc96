/**
 * The UI's parts load the first time they are needed, and one that failed to load is loaded again
 * the next time it is needed, instead of leaving the page without its banner or dialog for good.
 */
import { describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import { loadUiOnDemand } from '../../src/ui/on-demand';

describe('the UI parts on demand', () => {
  it('are loaded once when first needed, and again after a failure, at the next need', async () => {
    const { controller, start } = createController();
    let failures = 1;
    const ui = vi.fn(() => (failures-- > 0 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    const placeholders = vi.fn(() => Promise.resolve());
    loadUiOnDemand(controller, { ui, placeholders });
    start({ revision: 1 });
    // The banner is wanted: the first try fails.
    expect(ui).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(ui.mock.results[0]?.value).rejects.toThrow('offline'));
    controller.hide();
    expect(ui).toHaveBeenCalledTimes(1);
    // Wanted again (the visitor opens the settings): loaded again, then never more.
    controller.showPreferences();
    expect(ui).toHaveBeenCalledTimes(2);
    await Promise.resolve();
    controller.showBanner();
    controller.showPreferences();
    expect(ui).toHaveBeenCalledTimes(2);
    expect(placeholders).not.toHaveBeenCalled();
    controller.destroy();
  });
});
