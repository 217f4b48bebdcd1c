import type { Context, ContextManager } from '@opentelemetry/api';
import { nodeBuiltin } from '@hookscope/runtime';
import { ROOT_CONTEXT } from './otel-globals.js';

const { AsyncLocalStorage } = nodeBuiltin('node:async_hooks');

/**
 * The active-context store: AsyncLocalStorage, as @opentelemetry/context-async-hooks does it,
 * without that package's legacy async_hooks manager and EventEmitter patching, which cost a hook
 * process about 5 ms to load. `bind` wraps functions; other targets are returned unchanged.
 */
export class AsyncLocalStorageContextManager implements ContextManager {
  private storage: InstanceType<typeof AsyncLocalStorage<Context>> | undefined;

  active(): Context {
    return this.storage?.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const storage = (this.storage ??= new AsyncLocalStorage<Context>());
    return storage.run(context, () => fn.call(thisArg, ...args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(context, () => fn.apply(this, args));
    } as unknown as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage?.disable();
    this.storage = undefined;
    return this;
  }
}
