/** The cross-engine scenarios (scenarios/) in Chromium. */
import { runEngine } from './scenario.mjs';

await runEngine('chromium');
