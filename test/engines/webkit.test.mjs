/** The cross-engine scenarios (scenarios/) in WebKit. */
import { runEngine } from './scenario.mjs';

await runEngine('webkit');
