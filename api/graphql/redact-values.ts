/**
 * graphql-js prints the offending value in coercion errors ("Variable "$input" got invalid value {password:
 * …}"), which would put a password in a response or a log line. Every value it prints is cut out here; the
 * rest of the message still says what was wrong.
 */
export function redactGraphQLValues(message: string): string {
  return message
    .replace(/(got invalid value) [\s\S]*?(?=; |\n|$)/g, '$1')
    .replace(/(cannot represent [^:;\n]*value): [^;\n]*/g, '$1')
    .replace(/(Expected value of type "[^"]+", found) [^;\n]*/g, '$1 another value')
    .replace(/\n\nGraphQL request:[\s\S]*$/, '');
}
