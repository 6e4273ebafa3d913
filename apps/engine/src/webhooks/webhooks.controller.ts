import { Controller, Delete, Get, Headers, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { Response } from 'express';
import { DomainError } from '../api/domain-error';
import { AnyObject, Instant, Items, Nullable, Page, Reply, ValidBody, ValidParams, ValidPatch, ValidQuery } from '../api/contract';
import { Instance } from '../instances/instances.dto';
import { Actor, Roles, type Identity } from '../auth/identity';
import { InboundService } from './inbound.service';
import { WEBHOOK_EVENTS } from './webhook.schema';
import { WebhooksService } from './webhooks.service';
import { nameId } from '../api/shaped-text';

const Events = Type.Array(Type.Union([...WEBHOOK_EVENTS, '*'].map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true, description: `any of ${WEBHOOK_EVENTS.join(', ')}, or * for all` });
const SubscriptionBody = Type.Object({
  url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'receiver URL on a host of OUTBOUND_ALLOWED_HOSTS' }),
  events: Events,
  description: Type.Optional(Type.String({ maxLength: 500 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const SubscriptionPatch = Type.Partial(SubscriptionBody, { additionalProperties: false, minProperties: 1 });
const SubscriptionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ minLength: 1, maxLength: 200 }) });
const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
const DefinitionParams = Type.Object({ id: nameId() });
const TriggerBody = Type.Object({
  form: Type.Object({}, { additionalProperties: true, description: 'the form data, checked against the version\'s form' }),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  onBehalfOf: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'super admin keys: the user who is the initiator' })),
}, { additionalProperties: false });
const InstanceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const EventBody = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$', description: 'the event name a waiting node listens for' }),
  payload: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'kept in the variable the waiting node names' })),
}, { additionalProperties: false });
const SubscriptionFields = {
  id: Type.String({ format: 'uuid' }), url: Type.String(), events: Type.Array(Type.String()), description: Nullable(Type.String()), active: Type.Boolean(),
  createdBy: Type.String(), createdAt: Instant, updatedAt: Instant,
};
const Subscription = Type.Object(SubscriptionFields, { additionalProperties: false });
const NewSubscription = Type.Object({ ...SubscriptionFields, secret: Type.String({ description: 'the signing secret; shown in this answer only' }) }, { additionalProperties: false });
const Delivery = Type.Object({
  id: Type.String(), eventId: Type.String(), event: Type.String(), status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Array(Type.Unknown()), replays: Type.Integer({ minimum: 0 }), deliveredAt: Nullable(Instant), createdAt: Instant, payload: AnyObject,
}, { additionalProperties: false });
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
@Roles('superAdmin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a receiver to events; the signing secret is in this answer only' })
  @Reply(NewSubscription, { errors: [422] })
  create(@Actor() actor: Identity, @ValidBody(SubscriptionBody) b: Static<typeof SubscriptionBody>) {
    return this.webhooks.create(actor, b);
  }

  @Get()
  @Reply(Items(Subscription))
  list(@Actor() actor: Identity) {
    return this.webhooks.list(actor);
  }

  @Get(':id')
  @Reply(Subscription)
  get(@Actor() actor: Identity, @ValidParams(SubscriptionParams) p: Static<typeof SubscriptionParams>) {
    return this.webhooks.get(actor, p.id);
  }

  @Patch(':id')
  @Reply(Subscription, { errors: [422] })
  update(@Actor() actor: Identity, @ValidParams(SubscriptionParams) p: Static<typeof SubscriptionParams>, @ValidPatch(SubscriptionPatch) b: Static<typeof SubscriptionPatch>) {
    return this.webhooks.update(actor, p.id, b);
  }

  @Delete(':id')
  @HttpCode(204)
  @Reply()
  async remove(@Actor() actor: Identity, @ValidParams(SubscriptionParams) p: Static<typeof SubscriptionParams>) {
    await this.webhooks.remove(actor, p.id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: every event sent to this receiver with each attempt' })
  @Reply(Page(Delivery))
  deliveries(@Actor() actor: Identity, @ValidParams(SubscriptionParams) p: Static<typeof SubscriptionParams>, @ValidQuery(DeliveriesQuery) q: Static<typeof DeliveriesQuery>) {
    return this.webhooks.deliveriesOf(actor, p.id, q);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (same event id)' })
  @Reply(Delivery)
  replay(@Actor() actor: Identity, @ValidParams(DeliveryParams) p: Static<typeof DeliveryParams>) {
    return this.webhooks.replay(actor, p.id, p.deliveryId);
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post('definitions/:id/trigger')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'the same key never starts two instances (1-200 visible ASCII characters)' })
  @ApiOperation({ summary: 'Start an instance from another system (API key); 201 when started, 200 with the same instance when the key was seen' })
  @Reply(Instance, { also: [200], errors: [403, 409, 422] })
  async trigger(@Actor() actor: Identity, @ValidParams(DefinitionParams) p: Static<typeof DefinitionParams>,
    @Headers('idempotency-key') key: string | undefined, @ValidBody(TriggerBody) b: Static<typeof TriggerBody>, @Res({ passthrough: true }) res: Response) {
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError('invalid', 'the Idempotency-Key header is required: 1-200 visible ASCII characters', [
        { pointer: '/headers/idempotency-key', message: key === undefined ? 'is required' : 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const { instance, replayed } = await this.inbound.trigger(actor, p.id, key, b);
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return instance;
  }

  @Post('instances/:id/events')
  @Roles('superAdmin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send an outside event to an instance; 409 when it does not wait for this event now' })
  @Reply(Instance, { errors: [409] })
  event(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>, @ValidBody(EventBody) b: Static<typeof EventBody>) {
    return this.inbound.sendEvent(actor, p.id, b.name, b.payload ?? {});
  }
}
