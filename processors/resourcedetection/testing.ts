/** A pod's downward-API variables and the `k8s.*` attributes they become, for the unit and end-to-end tests. */
export const POD_ENV = {
  K8S_POD_NAME: 'shop-7d9f-abcde',
  K8S_POD_UID: '0b7e6c1a-1111-2222-3333-444455556666',
  K8S_NAMESPACE_NAME: 'shop',
  K8S_NODE_NAME: 'node-3',
  K8S_CONTAINER_NAME: 'app',
};

export const POD_ATTRIBUTES = {
  'k8s.pod.name': 'shop-7d9f-abcde',
  'k8s.pod.uid': '0b7e6c1a-1111-2222-3333-444455556666',
  'k8s.namespace.name': 'shop',
  'k8s.node.name': 'node-3',
  'k8s.container.name': 'app',
};
