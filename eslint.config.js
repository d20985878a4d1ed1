// ESLint 9 flat config: TypeScript rules (typescript-eslint) plus security rules (eslint-plugin-security).
// `npm run lint` (`eslint . --max-warnings 0`) checks everything we ship or run: the library, the CLI,
// the browser app, the tests, the examples, the benchmarks and the scripts. Any finding fails CI, so a
// rule is either an error or off; a rule that is wrong for one line is disabled on that line, with the
// reason beside it (`// eslint-disable-next-line <rule> -- <why>`).
import js from "@eslint/js";
import security from "eslint-plugin-security";
import tseslint from "typescript-eslint";

// Plain .js/.mjs files run on Node; TypeScript files get their globals from the type checker instead.
const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  fetch: "readonly",
  AbortSignal: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "frontend/dist/**",
      "node_modules/**",
      "coverage/**",
      "test-results/**",
      "tmp/**",
      "sbom.json",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    // A disable comment that no longer silences anything is removed, so every one left still has a reason.
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: nodeGlobals,
    },
    rules: {
      // Security rules that flag real risks: errors everywhere.
      "security/detect-unsafe-regex": "error",
      "security/detect-eval-with-expression": "error",
      "security/detect-non-literal-require": "error",
      "security/detect-pseudoRandomBytes": "error",
      "security/detect-buffer-noassert": "error",
      "security/detect-bidi-characters": "error",
      "security/detect-invisible-characters": "error",
      "security/detect-new-buffer": "error",
      "security/detect-disable-mustache-escape": "error",
      "security/detect-no-csrf-before-method-override": "error",
      // Every fs call with a computed path either reads a path the file access policy (src/files/access.ts)
      // accepted, or a path the server made itself; each says which beside it.
      "security/detect-non-literal-fs-filename": "error",
      // A regex built at run time must be built from escaped text; each says so beside it.
      "security/detect-non-literal-regexp": "error",
      // Starting processes is rare (the CLI's --reload); each says why beside it.
      "security/detect-child-process": "error",
      // Almost always a lookup in a Map-like object keyed by a checked name: noisy, rarely a bug in TS.
      "security/detect-object-injection": "off",
      // Fires on every `===` with a variable named like "token" or "password", whatever is compared;
      // secrets are compared with timingSafeEqual (src/auth), which review checks, not this heuristic.
      "security/detect-possible-timing-attacks": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      // Our control-character regexes exist to refuse control characters in names and headers.
      "no-control-regex": "off",
      // `catch {}` with a comment is our way to say "nothing to do".
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // The browser app runs in the page; its globals (window, document, ...) come from the DOM types.
    files: ["frontend/**/*.ts", "frontend/**/*.tsx"],
    rules: {
      // The browser has no file system and no child processes; these rules cannot fire there for real.
      "security/detect-non-literal-fs-filename": "off",
      "security/detect-child-process": "off",
    },
  },
  {
    // Examples are apps as a Gradio user writes them: their fns read the paths the server hands them (which
    // passed the file access policy) and write into temp folders they made. Copied into real apps, a disable
    // comment on each would only teach noise.
    files: ["examples/**"],
    rules: {
      "security/detect-non-literal-fs-filename": "off",
    },
  },
  {
    // Tests, benchmarks and scripts read and write files under temp directories they created themselves,
    // and start the processes they test (the server, Python, redis-server, nginx, chromium) on purpose.
    // No caller's input ever reaches these paths or commands.
    files: ["test/**", "bench/**", "scripts/**", "frontend/e2e/**"],
    rules: {
      "security/detect-non-literal-fs-filename": "off",
      "security/detect-child-process": "off",
      "security/detect-non-literal-regexp": "off",
    },
  },
);
