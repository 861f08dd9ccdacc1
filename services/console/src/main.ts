import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { router } from './router.ts';
import { i18n } from './i18n/index.ts';
import './style.css';

createApp(App).use(i18n).use(router).mount('#app');
