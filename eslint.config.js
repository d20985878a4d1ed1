// ESLint 9 flat config: TypeScript rules (typescript-eslint) plus security rules (eslint-plugin-security).
// `npm run lint` checks the library, the CLI, the scripts and the deploy files; tests, examples,
// benchmarks and the browser app have their own conventions and are not linted here.
//
// Pragmatic choices (each rule below says why):
//   - security rules that flag real risks stay errors: eval with expressions, unsafe regexes,
//     pseudoRandomBytes, non-literal require, Buffer without assertions, bidi/invisible characters;
//   - rules that fire on nearly every line of a file server by design are warnings, read in review:
//     fs calls with computed paths (the file policy in src/files/ is what guards them) and object
//     lookups by key; timing-attack heuristics (secrets are compared with timingSafeEqual).
import js from "@eslint/js";
import security from "eslint-plugin-security";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["dist/**", "frontend/**", "node_modules/**", "coverage/**", "test/**", "examples/**", "bench/**", "sbom.json"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    files: ["**/*.ts", "**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        fetch: "readonly",
        AbortSignal: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
    rules: {
      // The file server reads paths it has checked with the access policy (src/files/access.ts).
      "security/detect-non-literal-fs-filename": "warn",
      // Almost always a lookup in a Map-like object keyed by a checked name: noisy, rarely a bug in TS.
      "security/detect-object-injection": "off",
      // Flags every `===` on a variable named like "token"/"password"; real comparisons use timingSafeEqual.
      "security/detect-possible-timing-attacks": "warn",
      // Regexes built from escaped literals or config; reviewed where they appear.
      "security/detect-non-literal-regexp": "warn",
      // The CLI's --reload and scripts start child processes on purpose.
      "security/detect-child-process": "warn",
      // Style, not safety: reported, never blocking.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "warn",
      // Our control-character regexes exist to refuse control characters in names and headers.
      "no-control-regex": "off",
      // `catch {}` with a comment is our way to say "nothing to do".
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
);
