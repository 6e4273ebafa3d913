import type { FormInstance } from 'antd';
import { useState } from 'react';
import { formProblems } from './api';

/**
 * Sends a form to the engine: while it is on its way the button is busy;
 * the engine's problems go beside their fields, and what has no field of
 * the form comes back as `error`. `send` resolves to the message of success.
 */
export function useFormSubmit<V, N extends string>(form: FormInstance<V>, fields: readonly N[], send: (values: V) => Promise<string>, onSaved: (message: string) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await send(values));
    } catch (e) {
      const problems = formProblems(e, fields);
      form.setFields(problems.fields as Parameters<FormInstance<V>['setFields']>[0]);
      setError(problems.rest);
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}
