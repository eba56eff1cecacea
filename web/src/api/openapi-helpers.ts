/**
 * Path-based views of the generated API types (schema.gen.ts). The server's OpenAPI description has no
 * named component schemas (zod route schemas are inlined), so the web UI names its types from the routes:
 *
 *   type Employee = ResponseOf<'/employees/{id}', 'get'>;
 *   type NewShift = BodyOf<'/shifts', 'post'>;
 *
 * Paths are the ones the web client calls, i.e. without the `/api/v1` prefix.
 */
import type { paths } from './schema.gen';

type Prefix = '/api/v1';
type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** An API path as the web client spells it (`/employees/{id}`). */
export type ApiPath = { [K in keyof paths]: K extends `${Prefix}${infer P}` ? P : never }[keyof paths];

type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[`${Prefix}${P}`][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessCode = 200 | 201 | 202 | 204;

/** The JSON body of a successful answer (200/201/202). */
export type ResponseOf<P extends ApiPath, M extends Method = 'get'> = Operation<P, M> extends { responses: infer Rs }
  ? Json<Rs[Extract<keyof Rs, SuccessCode>]>
  : never;

/** The JSON request body. */
export type BodyOf<P extends ApiPath, M extends Method> = Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query-string parameters. */
export type QueryOf<P extends ApiPath, M extends Method = 'get'> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One row of a list answer, whether the list is a bare array or a page object (`{ items, total }`). */
export type ItemOf<T> = T extends ReadonlyArray<infer I> ? I : T extends { items: ReadonlyArray<infer I> } ? I : never;

/** One row of a list endpoint. */
export type ListItemOf<P extends ApiPath> = ItemOf<ResponseOf<P, 'get'>>;
