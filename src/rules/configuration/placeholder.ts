/**
 * Why a purpose string is a placeholder, or undefined when it looks like a real explanation. Known defaults
 * that config plugins write when the developer gave none count as placeholders: they say nothing about use.
 */
export function placeholderReason(value: unknown, key: string): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  const text = value.trim();
  if (text === '') return 'is empty';
  if (text === key || /^\$\([A-Z_]+\)$/.test(text)) return `is only "${text}"`;
  if (/\b(TODO|FIXME|TBD|lorem ipsum|placeholder|xxx+|change me|replace me|your (purpose|description|text) here)\b/i.test(text)) {
    return `is a template ("${text}")`;
  }
  const plugin = KNOWN_DEFAULTS.find((re) => re.test(text));
  if (plugin) return `is a config plugin's default ("${text}") that does not say how the data is used`;
  const words = text.split(/\s+/).filter((w) => /[a-z]/i.test(w));
  if (words.length < 4) return `is too short to explain the use ("${text}")`;
  return undefined;
}

// Defaults written by @kingstinct/react-native-healthkit, react-native-health and react-native-ble-plx when
// no option is given (../shared/facts/ios-config.yaml, expo plugins).
const KNOWN_DEFAULTS = [
  /^.{0,40} wants to (read|update) your health data\.?$/i,
  /^Allow \$\(PRODUCT_NAME\) to (check|update) health info\.?$/i,
  /^Allow \$\(PRODUCT_NAME\) to connect to bluetooth devices\.?$/i,
  /^(This app|App) (needs|requires|uses) (access to )?(your )?(health( data)?|bluetooth)\.?$/i,
];
