import { defaultConfig, MAX_EXPIRES_DAYS } from './defaults';
import type { ResolvedConfig, TemoinConfig } from './types';

/**
 * The configuration in force: a checked (or already found valid) input merged onto the
 * defaults, with the consent cookie's lifetime capped at 13 months. Keys it does not know are
 * left out.
 */
export function resolveConfig(input: TemoinConfig): ResolvedConfig {
  const defaults = defaultConfig();
  const config = Object.fromEntries(
    Object.entries(defaults).map(([key, value]) => [key, input[key as keyof TemoinConfig] ?? value]),
  ) as unknown as ResolvedConfig;
  config.cookie = { ...defaults.cookie, ...input.cookie };
  config.cookie.expiresDays = Math.min(config.cookie.expiresDays, MAX_EXPIRES_DAYS);
  return config;
}
