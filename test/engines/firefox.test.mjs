/** The cross-engine scenarios (scenarios/) in Firefox. */
import { runEngine } from './scenario.mjs';

await runEngine('firefox');
