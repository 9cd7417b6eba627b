// Writes dist/rules.bundle.json: rules/**/*.yaml parsed once at build time (see src/rules/source.ts).
import fs from 'node:fs';
import { buildRulesBundle, RULES_BUNDLE } from '../dist/rules/source.js';

fs.writeFileSync(RULES_BUNDLE, JSON.stringify(buildRulesBundle()));
