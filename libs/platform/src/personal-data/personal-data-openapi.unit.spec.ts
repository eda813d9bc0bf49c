import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CLOCK, systemClock } from '../time/clock';
import { DataKeyRing } from './data-key-ring';
import { DataKeysController } from './data-keys.controller';
import { RepublishSealedController } from './republish-sealed.controller';
import { SealedRepublisher } from './sealed-republisher';

/** Every `{name}` in a path template must be a declared path parameter, or API fuzzers refuse the document. */
describe('the key API and the republish route in the OpenAPI document', () => {
  it('declare every path parameter, the context with its allowed values', async () => {
    const module = await Test.createTestingModule({
      controllers: [DataKeysController, RepublishSealedController],
      providers: [
        { provide: DataKeyRing, useValue: {} },
        { provide: SealedRepublisher, useValue: {} },
        { provide: getConnectionToken(), useValue: {} },
        { provide: CLOCK, useValue: systemClock },
      ],
    }).compile();
    const document = SwaggerModule.createDocument(
      module.createNestApplication(),
      new DocumentBuilder().setOpenAPIVersion('3.1.0').build(),
    );

    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.values(item).map((operation) => ({ path, operation })),
    );
    expect(operations).toHaveLength(2);
    for (const { path, operation } of operations) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((parameter: { in?: string }) => parameter.in === 'path')
        .map((parameter: { name: string }) => parameter.name)
        .sort();
      expect({ path, declared }).toEqual({ path, declared: templated });
      const context = operation.parameters.find((p: { name: string }) => p.name === 'context');
      expect(context.schema.enum).toContain('customers');
    }
  });
});
