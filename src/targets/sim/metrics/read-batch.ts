/**
 * How many changed pods a renderer reads from the model at once. Readings of
 * thousands of pods taken together live until the last is rendered, long
 * enough to outlive V8's young-generation collections and fill the old
 * generation with garbage; a few hundred at a time die young.
 */
export const READ_BATCH = 256;
