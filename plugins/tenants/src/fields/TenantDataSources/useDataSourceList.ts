import { useRef, useState } from 'react';
import { useTemplateSecrets } from '@backstage/plugin-scaffolder-react';
import { DataSourceItem, DEFAULT_PORTS, passwordSecretKey } from './validation';

function newDataSource(): DataSourceItem {
  return {
    name: '',
    type: 'postgresql',
    host: '',
    port: DEFAULT_PORTS.postgresql,
    database: '',
    user: '',
    tlsMode: 'require',
  };
}

function withoutPasswordSecret(item: DataSourceItem): DataSourceItem {
  const { passwordSecret: _, ...rest } = item;
  return rest;
}

/** A data source of the list with its stable key and the password it shows. */
export interface DataSourceRowState {
  /** Stable across removals of other rows: a React key and part of input ids. */
  key: number;
  item: DataSourceItem;
  /** The password typed for it; while it has no name, kept here, not yet a secret. */
  password: string;
}

/**
 * The data source list's edits. Passwords live in the scaffolder secrets
 * under `dataSourcePassword_<name>` and follow a data source when it is
 * renamed or removed; while a data source has no name its password waits in
 * the component.
 */
export function useDataSourceList(
  items: DataSourceItem[],
  onChange: (items: DataSourceItem[]) => void,
) {
  const { secrets, setSecrets } = useTemplateSecrets();

  const nextKey = useRef(0);
  const rowKeys = useRef<number[]>([]);
  while (rowKeys.current.length < items.length) {
    rowKeys.current.push(nextKey.current++);
  }
  rowKeys.current.length = items.length;
  const [unnamedPasswords, setUnnamedPasswords] = useState<
    Record<number, string>
  >({});

  const passwordOf = (item: DataSourceItem) =>
    item.passwordSecret ? secrets[item.passwordSecret] ?? '' : '';

  const replace = (index: number, item: DataSourceItem) =>
    onChange(items.map((current, i) => (i === index ? item : current)));

  const update = (index: number, patch: Partial<DataSourceItem>) => {
    const item = items[index];
    let next: DataSourceItem = { ...item, ...patch };
    if (patch.type && patch.type !== item.type) {
      if (item.port === undefined || item.port === DEFAULT_PORTS[item.type]) {
        next.port = DEFAULT_PORTS[patch.type];
      }
    }
    if (patch.name !== undefined && patch.name !== item.name) {
      const row = rowKeys.current[index];
      const password = item.passwordSecret
        ? passwordOf(item)
        : unnamedPasswords[row] ?? '';
      const key = next.name ? passwordSecretKey(next.name) : undefined;
      const moved: Record<string, string> = {};
      if (item.passwordSecret && item.passwordSecret !== key) {
        moved[item.passwordSecret] = '';
      }
      next = withoutPasswordSecret(next);
      if (password && key) {
        moved[key] = password;
        next = { ...next, passwordSecret: key };
      }
      if (Object.keys(moved).length > 0) {
        setSecrets(moved);
      }
      setUnnamedPasswords(current => {
        const rest = { ...current };
        delete rest[row];
        return password && !key ? { ...rest, [row]: password } : rest;
      });
    }
    replace(index, next);
  };

  const setPassword = (index: number, password: string) => {
    const item = items[index];
    const key = passwordSecretKey(item.name);
    setSecrets({ [key]: password });
    replace(
      index,
      password ? { ...item, passwordSecret: key } : withoutPasswordSecret(item),
    );
  };

  const remove = (index: number) => {
    const item = items[index];
    if (item.passwordSecret) {
      setSecrets({ [item.passwordSecret]: '' });
    }
    const row = rowKeys.current[index];
    setUnnamedPasswords(current => {
      const rest = { ...current };
      delete rest[row];
      return rest;
    });
    rowKeys.current.splice(index, 1);
    onChange(items.filter((_, i) => i !== index));
  };

  const add = () => onChange([...items, newDataSource()]);

  const rows = items.map((item, index): DataSourceRowState => {
    const key = rowKeys.current[index];
    return {
      key,
      item,
      password: item.name ? passwordOf(item) : unnamedPasswords[key] ?? '',
    };
  });

  return { rows, update, setPassword, remove, add };
}
