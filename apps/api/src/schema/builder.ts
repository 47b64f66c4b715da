import SchemaBuilder from '@pothos/core';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Context } from '../context.js';

/** The one Pothos builder; every schema/<type>.ts adds its types and fields to it. */
export const builder = new SchemaBuilder<{ Context: Context }>({
  plugins: [SimpleObjectsPlugin],
});

builder.queryType({});
