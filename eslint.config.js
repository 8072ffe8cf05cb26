// Lints TypeScript with the type-aware-free recommended set; formatting is prettier's job.
// The import layering is dependency-cruiser's (.dependency-cruiser.cjs); both run in `npm run lint`.
import tseslint from 'typescript-eslint';

const PURE = 'measure/ and the simulator model are pure: take the time from the injected clock and randomness from the seeded rng';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'results/**', '.tools/**', 'load/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/measure/**/*.ts', 'src/targets/sim/model/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: PURE },
        { object: 'performance', property: 'now', message: PURE },
        { object: 'Math', property: 'random', message: PURE },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: PURE }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: PURE }] }],
    },
  },
);
