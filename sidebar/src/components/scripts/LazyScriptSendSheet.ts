import { defineAsyncComponent, defineComponent, h, ref, watch, type Component } from 'vue';
import type ScriptSendSheet from './ScriptSendSheet.vue';

// (Typed loosely here: the attributes are the caller's, checked against the sheet's props there.)
const Sheet: Component = defineAsyncComponent(() => import('./ScriptSendSheet.vue'));

/**
 * ScriptSendSheet, fetched the first time it opens: the send preview (and the script renderer it
 * brings) is never part of a page's first paint. Props and events pass through unchanged; to the
 * type checker it is the sheet itself.
 */
const LazyScriptSendSheet = defineComponent({
  name: 'LazyScriptSendSheet',
  inheritAttrs: false,
  props: { show: { type: Boolean, default: false } },
  setup(props, { attrs }) {
    const opened = ref(props.show);
    watch(
      () => props.show,
      (v) => {
        if (v) opened.value = true;
      },
    );
    return () => (opened.value ? h(Sheet, { ...attrs, show: props.show }) : null);
  },
});

export default LazyScriptSendSheet as unknown as typeof ScriptSendSheet;
