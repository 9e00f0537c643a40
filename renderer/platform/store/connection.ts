// The carrier's state (connected / reconnecting), for the status bar.
import { create } from 'zustand';
import type { CarrierState } from '../api/client.ts';

interface ConnectionState {
  carrier: CarrierState;
  setCarrier(state: CarrierState): void;
}

export const useConnectionStore = create<ConnectionState>()((set) => ({
  carrier: { kind: 'ws', status: 'connecting' },
  setCarrier: (carrier) => set({ carrier }),
}));
